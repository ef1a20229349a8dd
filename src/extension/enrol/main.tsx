import { render } from 'preact';
import { Enrol } from './Enrol';

render(<Enrol source={decodeURIComponent(location.hash.slice(1))} />, document.getElementById('app')!);
