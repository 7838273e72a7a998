import { startMock, type SpecVersion } from "./prism.js";

/** `npm run mock`: Prism for v3 and v4 side by side, with each log line tagged by its version. */
const ports: Record<SpecVersion, number> = {
  v3: Number(process.env.MOCK_V3_PORT ?? 4010),
  v4: Number(process.env.MOCK_V4_PORT ?? 4011),
};
const host = process.env.MOCK_HOST ?? "127.0.0.1";

const mocks = await Promise.all(
  (Object.keys(ports) as SpecVersion[]).map((version) =>
    startMock({ version, port: ports[version], host, onLog: (line) => console.log(`[${version}] ${line}`) }),
  ),
);
for (const mock of mocks) console.log(`${mock.version} mock ready at ${mock.url}`);

const stopAll = async () => {
  await Promise.all(mocks.map((mock) => mock.stop()));
  process.exit(0);
};
process.once("SIGINT", stopAll);
process.once("SIGTERM", stopAll);
