/* Wine 8 has no bcryptprimitives.dll, and Rust's std (1.78 and later) imports ProcessPrng from it for its
 * random numbers (HashMap keys): a test executable then exits with 53 before main. This stand-in, used only
 * to run our Windows test executables under Wine (scripts/windows.sh puts it on WINEPATH), answers ProcessPrng
 * with advapi32's RtlGenRandom (SystemFunction036), which Wine has. It never ships. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
