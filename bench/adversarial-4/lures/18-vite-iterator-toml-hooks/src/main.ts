import { createApp } from 'vue';
import { createPinia } from 'pinia';
createApp({ template: '<h1>Recipe finder</h1>' }).use(createPinia()).mount('#app');
