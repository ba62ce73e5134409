import { mountPage } from '@/lib/view/mount';
import { App } from './App';
import '@/components/theme.css';
import '@/components/popup/popup.css';

mountPage(App);
