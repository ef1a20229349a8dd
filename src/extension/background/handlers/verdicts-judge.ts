// The popup gets records from the content script, which may have been judged before a threshold moved:
// they are judged again here, by the same code as every other record (judge-records.ts).
import type { Handler } from '../../shared/dispatcher';
import { reviveRecord } from '../../shared/verdicts';
import { judgeRecords } from '../judge-records';

export const verdictsJudge: Handler<'background', 'verdicts.judge'> = (args) => judgeRecords(args.records.map(reviveRecord));
