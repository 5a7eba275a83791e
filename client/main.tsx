import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startEarlyLoad } from './boot/early-load.ts';
import './styles.css';

// The session, and on a review's address the review and its connection, load while React mounts.
startEarlyLoad(window.location.pathname);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
