import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FleetPage } from './FleetPage.tsx';
import { LanguageProvider } from './i18n.tsx';
import './fleet.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <LanguageProvider>
        <FleetPage />
      </LanguageProvider>
    </StrictMode>,
  );
