import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { credentialsInterceptor, sessionExpiredInterceptor } from './auth/auth.interceptor';
import { AuthService } from './auth/auth.service';
import { provideIcons } from './core/icons';
import { CountingTitle } from './tickets/live-queue';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // The XHR backend (not withFetch()): fetch cannot report upload progress, which CDR imports show.
    provideHttpClient(withInterceptors([credentialsInterceptor, sessionExpiredInterceptor])),
    provideRouter(routes, withComponentInputBinding()),
    // Know who is signed in before the first navigation runs the guards.
    provideAppInitializer(() => inject(AuthService).restoreSession()),
    provideIcons(),
    // Every page title, after the live count of cases nobody owns (staff).
    { provide: Title, useClass: CountingTitle },
  ],
};
