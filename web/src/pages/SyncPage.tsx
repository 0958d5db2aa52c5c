import { StubPage } from '../components/StubPage';

export function SyncPage() {
  return <StubPage title="Sync">targets with health, last poll, errors, rate-limit budget and the conflict queue.</StubPage>;
}
