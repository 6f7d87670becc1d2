/** The staff window's page (renderer/staff.html): the console. */
import { bootWindow } from '../shared/boot-window.tsx';
import '../shared/base.css';
import './staff.css';
import { StaffApp } from './StaffApp.tsx';

bootWindow({ kind: 'staff', App: StaffApp, titleKey: 'common:app.title_staff' });
