import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { STAFF } from '../users/user.entity.js';
import { SESSION_COOKIE, tokenOf } from './auth.guard.js';
import { LoginResponse, SessionState, SessionUser } from './auth.responses.js';
import { AuthService } from './auth.service.js';
import { CurrentUser, type Principal, Public, Roles } from './principal.js';

export class LoginDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1024) password: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; returns a bearer token and sets an HttpOnly session cookie' })
  @ApiOkResponse({ type: LoginResponse })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    const result = await this.auth.login(dto.email, dto.password, req.ip ?? '', req.headers['user-agent'] ?? null);
    res.cookie(SESSION_COOKIE, result.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      expires: result.expiresAt,
      path: '/',
    });
    return { accessToken: result.accessToken, expiresAt: result.expiresAt.toISOString(), user: result.user };
  }

  /**
   * Whether the browser is signed in, answered 200 either way: the web app asks at start-up, and a 401 there
   * would be an error in the console of every login page.
   */
  @Public()
  @Get('session')
  @ApiOkResponse({ type: SessionState })
  async session(@Req() req: Request): Promise<SessionState> {
    const token = tokenOf(req);
    const user = token ? await this.auth.authenticate(token) : null;
    return { user };
  }

  @Roles(...STAFF, 'customer')
  @Get('me')
  @ApiOkResponse({ type: SessionUser })
  me(@CurrentUser() user: Principal): SessionUser {
    return user;
  }

  @Roles(...STAFF, 'customer')
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = tokenOf(req);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
