@echo off
rem Start one madoguchi app at logon on Windows, and start it again if it stops (the counter console only
rem after a crash: a clerk who closes it at the end of the day has closed it). Its log is
rem %LOCALAPPDATA%\madoguchi\logs\<app>.log. Put a shortcut to this file in shell:startup with the app's
rem arguments, or register it with Task Scheduler (README.md, "Production install"):
rem   madoguchi-start.cmd kiosk --kiosk-id 1 --scale auto
rem   madoguchi-start.cmd display --profile main
rem   madoguchi-start.cmd counter --counter 3
rem   madoguchi-start.cmd web
rem   madoguchi-start.cmd scheduler
rem Not yet run on Windows by the project: see README.md.
setlocal
set "MADOGUCHI_EXE=%USERPROFILE%\.local\bin\madoguchi.exe"
set "LOGS=%LOCALAPPDATA%\madoguchi\logs"
if not exist "%LOGS%" mkdir "%LOGS%"
:again
echo %DATE% %TIME% starting madoguchi %*>> "%LOGS%\%1.log"
"%MADOGUCHI_EXE%" %* >> "%LOGS%\%1.log" 2>&1
if /i "%1"=="counter" if not errorlevel 1 goto :eof
timeout /t 3 /nobreak > nul
goto again
