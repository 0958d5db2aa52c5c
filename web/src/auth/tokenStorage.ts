// The API token lives in sessionStorage: it survives a reload but not closing the tab, and it is never put in a URL.
const KEY = 'actionitems.apiToken';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
