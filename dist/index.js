import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{c as r,e as n,f as p,h as s,k as x}from"./chunk-SNJLYSDL.js";import{D as t,E as o,F as i,t as e}from"./chunk-D3DHGJLG.js";export{e as ConfigError,o as applyEdits,i as applyFixes,t as editsOf,p as exitCodeOf,x as fixFiles,s as formatters,r as lintFiles,n as lintText};
