import { useEffect, useState } from 'preact/hooks';
import * as auth from '../auth';
import { Heading } from '../ui';

/** Locally: pick one of the development agents. In AWS: the Cognito hosted UI. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [agents, setAgents] = useState<auth.DevAgent[] | null>(null);
  useEffect(() => {
    auth.developmentAgents().then(setAgents, () => setAgents([]));
  }, []);
  return (
    <div class="narrow">
      <Heading>Connexion à la messagerie sécurisée</Heading>
      {agents && agents.length > 0 ? (
        <>
          <p>Environnement local : choisissez un agent de développement. Son jeton remplace celui de Cognito.</p>
          <ul class="agents">
            {agents.map((agent) => (
              <li>
                <button type="button" class="primary" onClick={() => { auth.signInAs(agent); onSignedIn(); }}>
                  Se connecter en tant que {agent.name}
                </button>
                <span class="muted"> organisme {agent.organism}</span>
                <br />
                <span class="muted">
                  Jeton : <code>{agent.token}</code>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          <button type="button" class="primary" onClick={() => auth.signInWithCognito()}>
            Se connecter
          </button>
        </p>
      )}
    </div>
  );
}
