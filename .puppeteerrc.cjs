// Chromium comes from the system (Debian's chromium package); puppeteer must
// never download a browser, because this machine and the office's servers
// may have no internet access.
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  'chrome-headless-shell': { skipDownload: true },
  firefox: { skipDownload: true },
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};
