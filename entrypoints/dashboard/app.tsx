import { mountPage } from '@/lib/view/mount';
import { Dashboard } from '@/components/dashboard/Dashboard';
import 'uplot/dist/uPlot.min.css';
import '@/components/theme.css';
import '@/components/dashboard/dashboard.css';

mountPage(Dashboard);
