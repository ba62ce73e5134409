import '@/lib/zod-messages';
import { mountPage } from '@/lib/view/mount';
import { App } from './App';
import '@/components/options/options.css';

mountPage(App);
