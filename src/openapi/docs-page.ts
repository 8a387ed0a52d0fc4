import { APIS } from '../apis';

/**
 * The interactive reference. Swagger UI's scripts and styles are served by this Worker from
 * public/docs/vendor (copied from the swagger-ui-dist package), never from a CDN, so the page
 * loads behind firewalls and in mainland China.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Course platforms edge API: reference</title>
<link rel="icon" type="image/png" href="/docs/vendor/favicon-32x32.png">
<link rel="stylesheet" href="/docs/vendor/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/vendor/swagger-ui-bundle.js"></script>
<script src="/docs/vendor/swagger-ui-standalone-preset.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

export function docsInitScript(): string {
  const urls = [
    ...APIS.map((api) => ({ url: `/openapi/${api.name}.json`, name: api.title })),
    { url: '/openapi.json', name: 'All APIs (combined)' },
  ];
  return `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(urls)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  validatorUrl: null
});
`;
}

export const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";
