import { mountPage } from '@/lib/view/mount';
import { App } from './App';
import '@/components/popup/popup.css';

mountPage(App);
