import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import { browserPopupEnv } from './browser-env';
import { PopupApp } from '@/components/popup/popup-app';
import { createPopupStore } from '@/components/popup/store';

const root = document.getElementById('root');
if (!root) throw new Error('popup.html has no #root element.');
createRoot(root).render(<PopupApp store={createPopupStore(browserPopupEnv())} />);
