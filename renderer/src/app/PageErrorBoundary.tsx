import { Component, type ReactNode } from 'react';
import { Alert } from '../components/ui/alert';

/**
 * A page that throws while rendering (or whose code could not be loaded) shows a sentence in
 * place of the page, not a blank window; the sidebar keeps working. Keyed by the route, so
 * opening another page starts afresh.
 */
export class PageErrorBoundary extends Component<{ title: string; children: ReactNode }, { failure: string | null }> {
  override state: { failure: string | null } = { failure: null };

  static getDerivedStateFromError(error: unknown): { failure: string } {
    return { failure: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.failure === null) return this.props.children;
    return (
      <div className="p-8">
        <Alert.Root tone="danger" data-testid="page-error">
          <Alert.Title>{this.props.title}</Alert.Title>
          <Alert.Description>{this.state.failure}</Alert.Description>
        </Alert.Root>
      </div>
    );
  }
}
