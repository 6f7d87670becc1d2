/**
 * The last line under each window's app: a render that throws is reported to main's log (its
 * message and stack only, error-reporting.ts) and the window says so, with a way to load the
 * screen again, instead of going blank.
 */
import { Component, type ReactNode } from 'react';
import { i18n } from './i18n/index.ts';
import type { ErrorReporter } from './error-reporting.ts';

interface Props {
  reporter: ErrorReporter;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // The error only: React's component stack and the props are not sent.
    this.props.reporter.report('render', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="render-failed" data-testid="render-failed">
        <h1 role="alert">{i18n.t('common:app.failed')}</h1>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          {i18n.t('common:app.reload')}
        </button>
      </main>
    );
  }
}
