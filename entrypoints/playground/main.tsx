import { createRoot } from 'react-dom/client';
import { Playground } from '@/components/playground/playground';
import '@/components/base.css';

createRoot(document.getElementById('root') as HTMLElement).render(<Playground />);
