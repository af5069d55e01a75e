import { render } from 'preact';
import { useState } from 'preact/hooks';
import './styles.css';
import { configureApi, setApiBase } from './api';
import * as auth from './auth';
import { DialogHost, LiveRegion, useRoute, href } from './ui';
import { SignIn } from './screens/SignIn';
import { ConsultationList } from './screens/ConsultationList';
import { ConsultationScreen } from './screens/ConsultationScreen';
import { Tracking } from './screens/Tracking';
import { Compose } from './screens/Compose';
import { ThreadScreen } from './screens/ThreadScreen';
import { DceChange } from './screens/DceChange';

function Screen() {
  const route = useRoute();
  const [c, id, sub, subId] = route.parts;
  // Every screen gets a fresh instance per address, so that its state starts clean.
  const key = location.hash;
  if (c === 'consultations' && id) {
    if (sub === 'suivi') return <Tracking key={key} consultationId={id} tab={route.query.get('onglet') ?? 'envoyes'} pageSize={Number(route.query.get('parPage')) || 10} />;
    if (sub === 'nouveau') return <Compose key={key} consultationId={id} query={route.query} />;
    if (sub === 'modification-dce') return <DceChange key={key} consultationId={id} query={route.query} />;
    if (sub === 'brouillons' && subId) return <Compose key={key} consultationId={id} letterId={subId} query={route.query} />;
    return <ConsultationScreen key={key} consultationId={id} />;
  }
  if (c === 'echanges' && id) return <ThreadScreen key={key} deliveryId={id} />;
  return <ConsultationList key={key} />;
}

function App() {
  const [session, setSession] = useState(auth.currentSession());
  return (
    <>
      <a class="skip" href="#contenu" onClick={(e) => { e.preventDefault(); document.getElementById('contenu')?.focus(); }}>
        Aller au contenu
      </a>
      <header class="top">
        <a class="brand" href={href()}>
          Messagerie sécurisée <span>— console des acheteurs</span>
        </a>
        {session && (
          <div class="who">
            <span>{session.name}</span>
            <button type="button" class="link" onClick={() => auth.signOut()}>
              Se déconnecter
            </button>
          </div>
        )}
      </header>
      <LiveRegion />
      <main id="contenu" tabIndex={-1}>
        {session ? <Screen /> : <SignIn onSignedIn={() => setSession(auth.currentSession())} />}
      </main>
      <DialogHost />
    </>
  );
}

async function start() {
  const config = await auth.loadConfig();
  if (config.apiBase) setApiBase(config.apiBase);
  configureApi(auth.token, () => {
    auth.signOut();
  });
  await auth.restore();
  render(<App />, document.getElementById('app')!);
}

start();
