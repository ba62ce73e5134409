import { mountBare } from '@/lib/view/mount-bare';
import { App } from './App';
import '@/components/theme.css';
import '@/components/sidebar/sidebar.css';

// The CRM page is in its own dark theme (see pageLooksDark): follow it whatever the system says.
if (location.hash.includes('theme=dark')) document.documentElement.dataset.theme = 'dark';
mountBare(App);
