import { Queue } from '@/components/popup/Queue';

export function App() {
  return (
    <main className="popup">
      <Queue />
    </main>
  );
}
