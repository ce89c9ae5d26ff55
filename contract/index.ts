// The typed contract between the engine, main, preload, renderer and CLI clients.

export * from './names';
export * from './dto';
export * from './errors';
export * from './invoke';
export * from './files';
export * from './channels';
export * from './apt-kernels';
export * from './job-fraction';
