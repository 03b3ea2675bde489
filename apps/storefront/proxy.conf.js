// Dev-server proxy: the storefront calls relative `/api/...` URLs, forwarded here to the Nest API.
// The target defaults to the API's dev port; set API_URL to point elsewhere (the e2e run uses port 3100).
const target = process.env.API_URL || 'http://127.0.0.1:3000';

module.exports = {
  '/api': {
    target,
    secure: false,
    changeOrigin: true,
    logLevel: 'warn',
  },
};
