import { startDashboardWorker } from '@/lib/view/dashboard-start';

// The compute worker first: it reads the stored numbers while the page's components load.
startDashboardWorker();
void import('./app');
