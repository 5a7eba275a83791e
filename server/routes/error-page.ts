import { html } from 'hono/html';

/** A plain page for answers a browser navigates to (not fetch): a heading, the reason, a way back. */
export const errorPage = (title: string, message: string) =>
  html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Bestfit</title>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          <p role="alert">${message}</p>
          <p><a href="/">Back to the sign-in page</a></p>
        </main>
      </body>
    </html>`;
