import type { Handler } from '../../shared/dispatcher';
import { retrain } from '../retrain';

export const engineRetrain: Handler<'engine-host', 'engine.retrain'> = ({ encoder }) => retrain(encoder);
