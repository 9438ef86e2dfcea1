import { createRoot } from 'react-dom/client';
import './fonts.css';
createRoot(document.getElementById('root')).render(<h1>Design system: build the Button and Card components</h1>);
