import { mountPage } from '@/lib/view/mount';
import { App } from './App';
import '@/components/theme.css';
import '@/components/sidebar/sidebar.css';

mountPage(App);
