import { StubPage } from '../components/StubPage';

export function ImportPage() {
  return <StubPage title="Import">paste, upload or a wiki URL, preview, edit, import.</StubPage>;
}
