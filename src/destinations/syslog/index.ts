export type { SyslogFraming, SyslogSettings, SyslogTransport, UdpOversize } from './config.js';
export { DEFAULT_PORTS, SYSLOG_FRAMINGS, SYSLOG_TRANSPORTS, SyslogSettingsSchema, UDP_OVERSIZE } from './config.js';
export { createSyslogDestination, SYSLOG_DESTINATION_TYPE } from './destination.js';
