// Sign-in. Locally, the development agents of the local runtime (their tokens stand in for Cognito's JWTs). In AWS,
// Cognito's hosted UI with the authorization code and PKCE: tokens are kept in memory only, refreshed before they
// expire, and signing out ends the hosted UI's session too.

export type DevAgent = { key: string; name: string; organism: string; token: string };
export type Config =
  | { auth: 'development'; agents: string; apiBase?: string }
  | { auth: 'cognito'; domain: string; clientId: string; redirectUri: string; apiBase?: string };

export type Session = { name: string; organism: string };

let config: Config;
let idToken: string | null = null;
let refreshToken: string | null = null;
let expiresAt = 0;
let session: Session | null = null;
const DEV_KEY = 'messagerie.dev-agent';

export async function loadConfig(): Promise<Config> {
  const response = await fetch('config.json', { cache: 'no-store' });
  config = (await response.json()) as Config;
  return config;
}

export function currentSession(): Session | null {
  return session;
}

function claims(jwt: string): Record<string, string> {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

/** Restores the session at start-up: the development agent picked in this tab, or Cognito's redirect back. */
export async function restore(): Promise<Session | null> {
  if (config.auth === 'development') {
    const saved = sessionStorage.getItem(DEV_KEY);
    if (saved) {
      const agent = JSON.parse(saved) as DevAgent;
      idToken = agent.token;
      session = { name: agent.name, organism: agent.organism };
    }
    return session;
  }
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code && params.get('state') === sessionStorage.getItem('pkce.state')) {
    const verifier = sessionStorage.getItem('pkce.verifier') ?? '';
    sessionStorage.removeItem('pkce.verifier');
    sessionStorage.removeItem('pkce.state');
    await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: config.redirectUri });
    const back = sessionStorage.getItem('pkce.return') ?? '';
    sessionStorage.removeItem('pkce.return');
    history.replaceState(null, '', location.pathname + back);
  }
  return session;
}

export async function developmentAgents(): Promise<DevAgent[]> {
  if (config.auth !== 'development') return [];
  const response = await fetch(config.agents, { cache: 'no-store' });
  return ((await response.json()) as { agents: DevAgent[] }).agents;
}

export function signInAs(agent: DevAgent) {
  sessionStorage.setItem(DEV_KEY, JSON.stringify(agent));
  idToken = agent.token;
  session = { name: agent.name, organism: agent.organism };
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Cognito: off to the hosted UI; the verifier waits in this tab's session storage (never a token). */
export async function signInWithCognito() {
  if (config.auth !== 'cognito') return;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem('pkce.verifier', verifier);
  sessionStorage.setItem('pkce.state', state);
  sessionStorage.setItem('pkce.return', location.hash);
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: 'openid email profile',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${config.domain}/oauth2/authorize?${query}`);
}

async function tokenRequest(body: Record<string, string>) {
  if (config.auth !== 'cognito') return;
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...body, client_id: config.clientId }),
  });
  if (!response.ok) {
    idToken = null;
    session = null;
    return;
  }
  const tokens = await response.json();
  idToken = tokens.id_token;
  if (tokens.refresh_token) refreshToken = tokens.refresh_token;
  expiresAt = Date.now() + tokens.expires_in * 1000;
  const c = claims(idToken!);
  session = { name: c.name ?? c.email, organism: c['custom:organism'] ?? '' };
}

/** The bearer token for the next call, refreshed a minute before it expires. */
export async function token(): Promise<string | null> {
  if (config?.auth === 'cognito' && idToken && refreshToken && Date.now() > expiresAt - 60_000) {
    await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }
  return idToken;
}

export function signOut() {
  idToken = null;
  refreshToken = null;
  session = null;
  sessionStorage.removeItem(DEV_KEY);
  if (config.auth === 'cognito') {
    const query = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
    location.assign(`${config.domain}/logout?${query}`);
  } else {
    location.hash = '#/';
    location.reload();
  }
}
