import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider, useSession } from './auth/Session';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { DashboardPage } from './pages/DashboardPage';
import { ExplorerPage } from './pages/ExplorerPage';
import { ImportPage } from './pages/ImportPage';
import { IncidentPage } from './pages/IncidentPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { ItemPage } from './pages/ItemPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReviewPage } from './pages/ReviewPage';
import { SignInPage } from './pages/SignInPage';
import { SyncPage } from './pages/SyncPage';
import { TriagePage } from './pages/TriagePage';

/** Every page of the app and its address; the host answers index.html for all of them (Web/WebAppEndpoints.cs). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<TriagePage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="incidents/:id" element={<IncidentPage />} />
        <Route path="incidents/:id/review" element={<ReviewPage />} />
        <Route path="items/:id" element={<ItemPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="sync" element={<SyncPage />} />
        <Route path="explorer" element={<ExplorerPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** Until the API has said who the caller is, every address shows the sign-in form (the URL is kept). */
function Gate() {
  const { state } = useSession();
  if (state.status === 'checking') return <Loading what="Checking your sign-in" />;
  if (state.status === 'signed-out') return <SignInPage message={state.message} />;
  return <AppRoutes />;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </BrowserRouter>
  );
}
