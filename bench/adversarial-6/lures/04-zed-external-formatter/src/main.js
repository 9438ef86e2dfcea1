import { h, render } from 'preact';
render(h('p', null, 'Weather'), document.body);
