import { createElement } from 'react';
export const App = () => createElement('h1', null, 'Jobs');
