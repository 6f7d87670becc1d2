import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FleetPage } from './FleetPage.tsx';
import './fleet.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <FleetPage />
    </StrictMode>,
  );
