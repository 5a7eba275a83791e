import { Component, type ReactNode } from 'react';

/** A part of the page that failed shows why and a way on, instead of emptying the whole page. */
export class ErrorBoundary extends Component<{ children: ReactNode; what: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="error">
        <p>
          The {this.props.what} could not be shown: {this.state.error.message}
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}
