import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{d as r,f as n,g as p,i as s,l as x}from"./chunk-7LPX3B6A.js";import{D as t,E as o,F as i,t as e}from"./chunk-5DEVALME.js";export{e as ConfigError,o as applyEdits,i as applyFixes,t as editsOf,p as exitCodeOf,x as fixFiles,s as formatters,r as lintFiles,n as lintText};
