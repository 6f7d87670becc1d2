// electron-builder's afterSign hook (electron-builder.yml): code signing and notarization come
// from the environment only, and when they are not there the build goes on unsigned and says so
// plainly, naming the variables to set (docs/releasing.md). electron-builder itself signs with
// CSC_LINK / CSC_KEY_PASSWORD (WIN_CSC_LINK / WIN_CSC_KEY_PASSWORD for Windows, or a macOS
// keychain identity); this hook notarizes the signed macOS app with @electron/notarize.
// The decision is `releasePlan`, a pure function of the platform and the environment (tested in
// test/unit/repo/packaging.test.ts); nothing secret is printed.

const has = (env, ...names) => names.every((n) => typeof env[n] === 'string' && env[n] !== '');

/**
 * What this build can do on `platform` ('darwin', 'win32', 'linux') with `env`: whether it is
 * signed, whether it is notarized (macOS) and with which credentials, and the lines to print.
 */
export function releasePlan(platform, env) {
  const lines = [];
  const signed =
    platform === 'win32'
      ? has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK')
      : platform === 'darwin'
        ? has(env, 'CSC_LINK') || has(env, 'CSC_NAME')
        : true; // AppImage and deb are not code-signed; the feed's sha512 protects updates.
  if (!signed) {
    lines.push(
      platform === 'win32'
        ? 'countersign: NOT SIGNED: set WIN_CSC_LINK (or CSC_LINK) and WIN_CSC_KEY_PASSWORD to sign the Windows installer.'
        : 'countersign: NOT SIGNED: set CSC_LINK and CSC_KEY_PASSWORD (a Developer ID Application certificate) or CSC_NAME to sign the macOS app.',
    );
  }
  if (platform !== 'darwin') return { signed, notarize: null, lines };
  let notarize = null;
  if (has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER')) {
    notarize = {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: env.APPLE_API_KEY_ID,
      appleApiIssuer: env.APPLE_API_ISSUER,
    };
  } else if (has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID')) {
    notarize = {
      appleId: env.APPLE_ID,
      appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
      teamId: env.APPLE_TEAM_ID,
    };
  }
  if (!signed) {
    lines.push('countersign: notarization skipped: the app is not signed.');
    notarize = null;
  } else if (notarize === null) {
    lines.push(
      'countersign: NOT NOTARIZED: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID) to notarize; Gatekeeper will refuse the app without it.',
    );
  } else {
    lines.push(
      `countersign: notarizing with ${notarize.appleApiKey ? 'an App Store Connect API key' : 'an Apple ID'}.`,
    );
  }
  return { signed, notarize, lines };
}

export async function afterSign(context) {
  const plan = releasePlan(context.electronPlatformName, process.env);
  for (const line of plan.lines) console.log(line);
  if (!plan.notarize) return;
  const { notarize } = await import('@electron/notarize');
  const appPath = `${context.appOutDir}/${context.packager.appInfo.productFilename}.app`;
  await notarize({ appPath, ...plan.notarize });
  console.log('countersign: notarized.');
}
