import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideZonelessChangeDetection } from '@angular/core';
import { provideIcons } from './app/core/icons';

// Every spec's TestBed: zoneless like the app, with the app's SVG icons registered.
export default [provideZonelessChangeDetection(), provideIcons()] satisfies (Provider | EnvironmentProviders)[];
