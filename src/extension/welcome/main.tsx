// The welcome page, opened when OriginLens is installed: what it does, and one step to a working detector.
import { render } from 'preact';
import { Welcome } from './Welcome';

render(<Welcome />, document.getElementById('app')!);
