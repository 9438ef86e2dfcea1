import { createApp } from 'vue';
createApp({ template: '<h1>User directory</h1>' }).mount('#app');
