import { Button } from './Button';
export default { title: 'Button', component: Button };
export const Primary = { args: { label: 'Save' } };
