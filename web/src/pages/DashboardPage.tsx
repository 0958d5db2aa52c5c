import { StubPage } from '../components/StubPage';

export function DashboardPage() {
  return <StubPage title="Dashboard">charts of open items over time, opened vs closed, age buckets, by team, time to resolve, policy violations.</StubPage>;
}
