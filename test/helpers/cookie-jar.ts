/** What a browser does with cookies and redirects, for fetch: one jar per host, redirects followed by hand. */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.byHost.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.byHost.get(new URL(url).host)?.get(name);
  }

  /** Keep (or, when expired, drop) each cookie the response sets for its host. */
  store(url: URL, res: Response): void {
    const jar = this.byHost.get(url.host) ?? new Map<string, string>();
    this.byHost.set(url.host, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.header(target);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.store(target, res);
    return res;
  }

  /**
   * GET `url` and follow redirects until an answer that is not one, or until `stopAt` says a
   * redirect's target is far enough; resolves with every hop's URL and answer.
   */
  async follow(
    url: string | URL,
    init: RequestInit = {},
    stopAt: (next: URL) => boolean = () => false,
  ): Promise<{ url: URL; res: Response; hops: URL[] }> {
    let current = new URL(url);
    let res = await this.fetch(current, init);
    const hops = [current];
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, current);
      if (stopAt(next)) break;
      current = next;
      hops.push(current);
      res = await this.fetch(current);
    }
    return { url: current, res, hops };
  }
}
