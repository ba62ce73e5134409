import { Queue } from '@/components/popup/Queue';

export function App() {
  return (
    <main className="popup">
      <Queue />
      <p className="popup__dashboard">
        <a href="/dashboard.html" target="_blank" rel="noopener">
          Dashboard
        </a>
      </p>
    </main>
  );
}
