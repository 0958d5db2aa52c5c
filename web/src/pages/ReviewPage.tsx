import { useParams } from 'react-router-dom';
import { StubPage } from '../components/StubPage';

export function ReviewPage() {
  const { id } = useParams();
  return <StubPage title={`Prevention review ${id ?? ''}`}>prevention candidates with scores and matched terms, verdicts, similar incidents.</StubPage>;
}
