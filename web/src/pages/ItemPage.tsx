import { useParams } from 'react-router-dom';
import { StubPage } from '../components/StubPage';

export function ItemPage() {
  const { id } = useParams();
  return <StubPage title={`Item ${id ?? ''}`}>all fields editable, history, tracker links with sync state and open conflicts.</StubPage>;
}
