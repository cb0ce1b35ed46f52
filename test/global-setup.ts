// Says once, at the start of a test run, which suites need a PostgreSQL server and whether they run.
export default function announce(): void {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    console.log(
      '\nDATABASE_URL is not set: the PostgreSQL server suites (concurrency, locking, server-only contract runs) are skipped;\n' +
        'every other suite runs on the embedded database (PGlite) and the in-memory model. .ci/run sets DATABASE_URL.\n',
    );
  } else {
    console.log(`\nDATABASE_URL is set: the PostgreSQL server suites run against ${new URL(url).host}.\n`);
  }
}
