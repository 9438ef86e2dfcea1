import { render } from 'preact';
render('Chat widget: implement message list', document.body);
